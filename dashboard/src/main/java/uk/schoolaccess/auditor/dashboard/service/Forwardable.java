package uk.schoolaccess.auditor.dashboard.service;

import java.util.List;

/**
 * What a store command may say about being handed to a running server. Commands that touch a
 * store are handed over by default; one that must run where it was typed (the Spark engine, the
 * server itself) says so, and one that asks the person something (a password) asks it before the
 * hand-over and passes the answer on standard input.
 */
public interface Forwardable {

    /** Input gathered here before the hand-over: extra arguments and standard input for the server's run. */
    record Handover(List<String> extraArgs, byte[] stdin) {
        public static final Handover NONE = new Handover(List.of(), new byte[0]);
    }

    default boolean runsOnServer() {
        return true;
    }

    default Handover prepareHandover() throws Exception {
        return Handover.NONE;
    }
}
