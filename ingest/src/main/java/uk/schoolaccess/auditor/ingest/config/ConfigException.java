package uk.schoolaccess.auditor.ingest.config;

/** A configuration file that cannot be used; the message names the file and the key. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
