package io.outpost.outbox;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link MessageStatus} as its lower-case wire name, which the raw SQL paths also use. */
@Converter
public class MessageStatusConverter implements AttributeConverter<MessageStatus, String> {

    @Override
    public String convertToDatabaseColumn(MessageStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public MessageStatus convertToEntityAttribute(String value) {
        return value == null ? null : MessageStatus.fromWire(value);
    }
}
