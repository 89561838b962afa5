package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;

import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * The weekly page's suggested school network in a real headless browser, as the DPO sees it on a
 * desktop and on a phone (400 px), and the one button that accepts it (the browser's own form
 * post, with its CSRF token and Origin). Screenshots: target/screenshots/networks-weekly-*.png.
 * One browser session; skipped where chromium is not installed.
 */
class NetworksBrowserTest {

    @TempDir
    Path dir;

    @Test
    void a_dpo_reads_the_suggested_network_with_its_evidence_and_accepts_it() throws Exception {
        Browser.assumeInstalled();
        TestSchool school = TestSchool.get();
        Path yaml = dir.resolve("auditor.yaml");
        String before = NetworksHttpTest.forgotten(school);
        Files.writeString(yaml, before);
        WebServer server = new WebServer(school.db, school.settings, school.zone, Clock.systemUTC())
                .networks(SchoolNetworkConfig.of(ConfigFile.load(yaml), null));
        try (Browser b = Browser.start(server, "networks")) {
            b.signIn("dpo");
            String suggestion = b.waitFor("#network-suggestions").getText();
            assertTrue(suggestion.contains("staff signed in from it"), suggestion);
            b.driver.executeScript("document.getElementById('school-network').scrollIntoView()");
            b.screenshot("networks-weekly-desktop");

            b.driver.manage().window().setSize(new Dimension(400, 900));
            b.open("/");
            b.waitFor("#network-suggestions");
            b.driver.executeScript("document.getElementById('school-network').scrollIntoView()");
            Number width = (Number) b.driver.executeScript("var s = document.getElementById('school-network'); "
                    + "return s.getBoundingClientRect().left + s.scrollWidth");
            assertTrue(width.intValue() <= 400, "the section fits a phone: " + width + " px");
            b.screenshot("networks-weekly-phone");

            b.find("#networks-accept").click();
            b.waitFor("#networks-accepted");
            assertTrue(b.find("#networks-accepted").getText().contains("takes effect for the next audit"),
                    b.find("#networks-accepted").getText());
            b.screenshot("networks-weekly-accepted-phone");
        }
        String cidr = uk.schoolaccess.auditor.analytics.config.AuditSettings.from(ConfigFile.load(yaml)).networks()
                .school().get(0);
        assertEquals(before.replace("school: []", "school: [" + cidr + "]"), Files.readString(yaml));
    }
}
