package uk.schoolaccess.auditor.analytics.engine;

/** A detector's SQL failed: a fault of ours, so the audit reports it and exits 1. */
public class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
