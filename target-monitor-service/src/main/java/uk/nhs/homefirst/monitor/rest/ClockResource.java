package uk.nhs.homefirst.monitor.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.topology.CatchUp;
import uk.nhs.homefirst.monitor.window.TargetBoard;
import uk.nhs.homefirst.monitor.window.TargetReport;
import uk.nhs.homefirst.monitor.window.TargetWindow;
import uk.nhs.homefirst.platform.problem.InvalidRequestException;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.security.Roles;

/** The clocks behind the figures, one by one: referral ids and times, never a patient's details. */
@Path("/api/clocks")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
@Tag(name = "Targets")
@Produces(MediaType.APPLICATION_JSON)
public class ClockResource {

    /** The longest look back for breaches: the recent period an ops lead acts on. */
    static final Duration LONGEST_BREACH_LOOK_BACK = Duration.ofDays(7);

    private final TargetBoard board;
    private final CatchUp catchUp;
    private final Clock clock;
    private final TargetReport.Settings settings;

    ClockResource(TargetBoard board, CatchUp catchUp, Clock clock, TargetReport.Settings settings) {
        this.board = board;
        this.catchUp = catchUp;
        this.clock = clock;
        this.settings = settings;
    }

    @GET
    @Path("at-risk")
    @Operation(summary = "The clocks to act on now",
            description = "Pending clocks with less than their standard's at-risk margin left, least time left first, "
                    + "and clocks breached within the last `breachedWithin` (ISO-8601, default PT12H, at most P7D), "
                    + "the latest breach first. Each with its referral id, hub, pathway, standard and time left "
                    + "(negative: time over).")
    public TargetReport.AtRiskNow atRisk(@QueryParam("breachedWithin") @DefaultValue("PT12H") String breachedWithin) {
        Duration lookBack = duration("breachedWithin", breachedWithin);
        TargetResource.requireCaughtUp(catchUp);
        return board.read(clock.instant(), board -> TargetReport.atRiskNow(board, settings,
                board.now().minus(lookBack)));
    }

    @GET
    @Path("awaiting-discharge")
    @Operation(summary = "Hospital referrals awaiting discharge",
            description = "Discharge-to-assess referrals whose patients have not left hospital: no clock runs for them "
                    + "until the hospital confirms the discharge, so they count in no figure. Each with its referral id, "
                    + "receipt and expected discharge date (null when the hospital gave none), soonest expected first.")
    public TargetReport.AwaitingDischargeList awaitingDischarge() {
        TargetResource.requireCaughtUp(catchUp);
        return board.read(clock.instant(), TargetReport::awaitingDischargeList);
    }

    @GET
    @Operation(summary = "The clocks behind one figure",
            description = "For a hub, a standard and a window (24h, 7d, 28d, month-to-date): the clocks met, breached or "
                    + "excluded that resolved in the window, or the clocks pending now. The counts of GET /api/targets, "
                    + "clock by clock.")
    public TargetReport.FigureClocks clocks(@QueryParam("hub") String hub, @QueryParam("standard") String standard,
            @QueryParam("window") @DefaultValue("24h") String window, @QueryParam("status") String status) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (hub == null || hub.isBlank()) {
            errors.add(new Problem.FieldError("hub", "is required: a hub id, or UNALLOCATED"));
        }
        ResponseStandard parsedStandard = parse(ResponseStandard.class, "standard", standard, errors);
        ClockStatus parsedStatus = parse(ClockStatus.class, "status", status, errors);
        TargetWindow parsedWindow = null;
        try {
            parsedWindow = TargetWindow.ofLabel(window);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("window", "must be one of 24h, 7d, 28d, month-to-date"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        TargetResource.requireCaughtUp(catchUp);
        TargetWindow chosen = parsedWindow;
        return board.read(clock.instant(), board -> TargetReport.figureClocks(board, settings, hub, parsedStandard,
                chosen, parsedStatus));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value, List<Problem.FieldError> errors) {
        try {
            if (value != null) {
                return Enum.valueOf(type, value);
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        errors.add(new Problem.FieldError(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants())));
        return null;
    }

    private static Duration duration(String field, String value) {
        try {
            Duration duration = Duration.parse(value);
            if (!duration.isNegative() && !duration.isZero() && duration.compareTo(LONGEST_BREACH_LOOK_BACK) <= 0) {
                return duration;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // named below
        }
        throw new InvalidRequestException(List.of(new Problem.FieldError(field,
                "must be an ISO-8601 duration above zero and at most P7D, such as PT12H")));
    }
}
