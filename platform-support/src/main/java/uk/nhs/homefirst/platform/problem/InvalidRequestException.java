package uk.nhs.homefirst.platform.problem;

import java.util.List;

/** A request that names invalid fields; answered with a problem listing each of them. */
public class InvalidRequestException extends RuntimeException {

    private final int status;
    private final List<Problem.FieldError> errors;

    public InvalidRequestException(int status, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(List<Problem.FieldError> errors) {
        this(400, "The request has " + errors.size() + " invalid field" + (errors.size() == 1 ? "" : "s") + ".", errors);
    }

    public int status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
