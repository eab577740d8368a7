package dev.microvms.sdk.internal.sandbox;

import dev.microvms.sdk.MicrovmFileException;
import dev.microvms.sdk.MicrovmFileException.Reason;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Turns a transport's failure code and the system's message into a {@link MicrovmFileException}. */
final class FileErrors {
    private FileErrors() {}

    /**
     * @param code the code: a {@link Reason} name, or the framing shell's short one ({@code NOENT}, ...)
     * @param microvmId the MicroVM
     * @param operation what was being done, such as "read"
     * @param path the path
     * @param detail the system's words, if any
     * @return the error
     */
    static MicrovmFileException of(
            String code, String microvmId, String operation, String path, @Nullable String detail) {
        Reason reason = reason(code, detail);
        String what =
                switch (reason) {
                    case NOT_FOUND -> "nothing is at " + path;
                    case NOT_A_DIRECTORY -> path + " is not a directory";
                    case IS_A_DIRECTORY -> path + " is a directory";
                    case NOT_A_FILE -> path + " is not a regular file";
                    case ACCESS_DENIED -> "the MicroVM's user may not " + operation + " " + path;
                    case NOT_EMPTY -> path + " is a directory that is not empty (delete it recursively)";
                    case CORRUPTED -> path + " arrived damaged: its SHA-256 differs from what was sent";
                    case FAILED -> "it failed";
                };
        String words = detail == null || detail.isBlank() ? "" : " (" + detail.strip() + ")";
        return new MicrovmFileException(
                reason,
                microvmId,
                path,
                "Could not " + operation + " " + path + " in " + microvmId + ": " + what + words + ".",
                null);
    }

    private static Reason reason(String code, @Nullable String detail) {
        switch (code) {
            case "NOENT":
                return Reason.NOT_FOUND;
            case "NOTDIR":
                return Reason.NOT_A_DIRECTORY;
            case "ISDIR":
                return Reason.IS_A_DIRECTORY;
            case "NOTFILE":
                return Reason.NOT_A_FILE;
            case "ACCES":
                return Reason.ACCESS_DENIED;
            case "NOTEMPTY":
                return Reason.NOT_EMPTY;
            case "CHECKSUM":
                return Reason.CORRUPTED;
            default:
                break;
        }
        for (Reason r : Reason.values()) {
            if (r.name().equals(code) && r != Reason.FAILED) {
                return r;
            }
        }
        String d = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
        if (d.contains("permission denied")) {
            return Reason.ACCESS_DENIED;
        }
        if (d.contains("no such file")) {
            return Reason.NOT_FOUND;
        }
        if (d.contains("not a directory")) {
            return Reason.NOT_A_DIRECTORY;
        }
        if (d.contains("is a directory")) {
            return Reason.IS_A_DIRECTORY;
        }
        return Reason.FAILED;
    }
}
