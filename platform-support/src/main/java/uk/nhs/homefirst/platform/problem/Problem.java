package uk.nhs.homefirst.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json}. {@code errors} lists
 * every invalid field at once, so that a sender can fix them all in one go.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * @param field   the JSON path of the field, for example {@code patient.nhsNumber} or {@code clinicalNeeds[1]}
     * @param message what is wrong with it. Never echoes the value: it may be patient data.
     */
    public record FieldError(String field, String message) {
    }
}
