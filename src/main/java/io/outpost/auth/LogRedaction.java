package io.outpost.auth;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * The log handlers' filter ({@code quarkus.log.console.filter} and {@code quarkus.log.file.filter} name it):
 * every record is let through with its message passed through {@link Redaction}, so no level and no library
 * can write a credential to a log. The message is formatted first, since a secret may sit in a parameter.
 */
@LoggingFilter(name = "outpost-redact")
public final class LogRedaction implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String redacted = Redaction.redact(message);
        if (redacted != null && !redacted.equals(message)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(redacted);
            }
            record.setParameters(null);
        }
        return true;
    }
}
