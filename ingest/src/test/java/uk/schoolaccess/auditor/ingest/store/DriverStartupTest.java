package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

/**
 * StoreKey.Driver marks DuckDB's JFR memory monitor as set up before the driver loads, so the
 * driver does not start the Flight Recorder's machinery for a monitor the auditor never uses (50
 * to 70 ms of every command's start-up). Nothing the JFR API shows tells the two apart (the
 * recorder itself stays uninitialised either way), so this checks that the switch is still there.
 */
class DriverStartupTest {

    @Test
    void the_driver_still_has_the_monitor_switch_the_store_turns_off() throws Exception {
        // If a DuckDB upgrade renames it, the store still opens but every command starts slower.
        Field done = Class.forName("org.duckdb.DuckDBMemoryMonitor").getDeclaredField("initialized");
        assertEquals(boolean.class, done.getType());
        assertTrue(Modifier.isStatic(done.getModifiers()));
    }
}
