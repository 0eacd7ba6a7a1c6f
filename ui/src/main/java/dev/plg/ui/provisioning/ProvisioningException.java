package dev.plg.ui.provisioning;

import java.nio.file.Path;

/** A provisioning file could not be read or is invalid; the message names the file and what failed. */
public final class ProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProvisioningException(Path file, String message) {
        super("cannot provision from \"" + file + "\": " + message);
    }

    public ProvisioningException(Path file, String message, Throwable cause) {
        super("cannot provision from \"" + file + "\": " + message, cause);
    }
}
