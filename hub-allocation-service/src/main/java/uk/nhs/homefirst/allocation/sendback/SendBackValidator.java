package uk.nhs.homefirst.allocation.sendback;

import java.util.Arrays;
import uk.nhs.homefirst.events.SendBackReason;
import uk.nhs.homefirst.platform.problem.Violations;

/** Judges a send-back and names every invalid field at once; no message repeats what was sent. */
public final class SendBackValidator {

    /** Enough for a few sentences to the LDU; bounded so that a record is not a letter. */
    public static final int MAX_REASON = 500;

    public record Valid(SendBackReason reasonCode, String reason) {
    }

    /** @param valid the send-back, or null when {@code violations} is not empty */
    public record Result(Valid valid, Violations violations) {
    }

    private SendBackValidator() {
    }

    /** @param sender the caller's token subject: the event names who sent it back (1 to 64 characters) */
    public static Result validate(SendBackRequest request, String sender) {
        Violations v = new Violations();
        if (sender == null || sender.isBlank() || sender.length() > 64) {
            v.add("sentBackBy", "the caller's token must have a subject of 1 to 64 characters to record who sent it back");
        }
        if (request == null) {
            v.add("reasonCode", "is required: one of " + Arrays.toString(SendBackReason.values()));
            v.add("reason", "is required: what the LDU should know, 1 to " + MAX_REASON + " characters");
            return new Result(null, v);
        }
        SendBackReason code = null;
        if (request.reasonCode() == null || request.reasonCode().isBlank()) {
            v.add("reasonCode", "is required: one of " + Arrays.toString(SendBackReason.values()));
        } else {
            try {
                code = SendBackReason.valueOf(request.reasonCode().strip());
            } catch (IllegalArgumentException e) {
                v.add("reasonCode", "must be one of " + Arrays.toString(SendBackReason.values()));
            }
        }
        String reason = request.reason() == null ? null : request.reason().strip();
        if (reason == null || reason.isEmpty()) {
            v.add("reason", "is required: what the LDU should know, 1 to " + MAX_REASON + " characters");
        } else if (reason.codePointCount(0, reason.length()) > MAX_REASON) {
            v.add("reason", "must be at most " + MAX_REASON + " characters");
        } else if (reason.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            v.add("reason", "must not contain control characters other than line breaks and tabs");
        }
        return new Result(v.isEmpty() ? new Valid(code, reason) : null, v);
    }
}
