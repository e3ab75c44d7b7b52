package uk.nhs.homefirst.platform.problem;

import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of a request, so that all of them are reported at once. */
public final class Violations {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public Violations add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    /** Adds {@code message} for {@code field} unless {@code valid}. Returns {@code valid}. */
    public boolean check(boolean valid, String field, String message) {
        if (!valid) {
            add(field, message);
        }
        return valid;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<Problem.FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Throws an {@link InvalidRequestException} listing every violation, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
