package uk.schoolaccess.auditor.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The control channel's reply: whole lines as frames, and a caller that went away noticed. */
class FramesTest {

    @Test
    void lines_travel_as_frames_and_a_closed_caller_is_noticed() {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        Frames frames = new Frames(sent);
        PrintWriter out = frames.writer(Frames.OUT);
        out.println("read 3 files");
        frames.send(Frames.STILL_RUNNING, "");
        frames.send(Frames.EXIT, "0");
        assertEquals("Oread 3 files\nH\nX0\n", sent.toString(StandardCharsets.UTF_8));
        assertFalse(frames.callerGone());

        Frames toClosed = new Frames(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        });
        toClosed.send(Frames.STILL_RUNNING, "");
        assertTrue(toClosed.callerGone(), "writing to a caller that went away tells the command so");
    }
}
