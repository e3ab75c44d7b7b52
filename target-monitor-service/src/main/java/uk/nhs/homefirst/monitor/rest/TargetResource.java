package uk.nhs.homefirst.monitor.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.monitor.topology.CatchUp;
import uk.nhs.homefirst.monitor.window.TargetBoard;
import uk.nhs.homefirst.monitor.window.TargetReport;
import uk.nhs.homefirst.platform.problem.InvalidRequestException;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/targets")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
@Tag(name = "Targets")
@Produces(MediaType.APPLICATION_JSON)
public class TargetResource {

    private final TargetBoard board;
    private final CatchUp catchUp;
    private final Clock clock;
    private final TargetReport.Settings settings;

    TargetResource(TargetBoard board, CatchUp catchUp, Clock clock, TargetReport.Settings settings) {
        this.board = board;
        this.catchUp = catchUp;
        this.clock = clock;
        this.settings = settings;
    }

    @GET
    @Operation(summary = "Every hub, standard and window",
            description = "For each hub (and UNALLOCATED) and each response standard, over the last 24 hours, 7 days, "
                    + "28 days and the month to date: clocks met, breached and excluded that resolved in the window, "
                    + "clocks pending and at risk now, and the percentage met of met + breached (null when none "
                    + "resolved). Also the referrals waiting for triage, and the hospital referrals awaiting discharge "
                    + "(in no figure until the discharge starts their clocks). With by=origin, each figure also splits "
                    + "into hospitalDischarge and community, which add up to it (NICE QS173).")
    public TargetReport.Targets all(@QueryParam("by") String by) {
        boolean byOrigin = byOrigin(by);
        requireCaughtUp();
        return board.read(clock.instant(), board -> TargetReport.all(board, settings, byOrigin));
    }

    @GET
    @Path("{hubId}")
    @Operation(summary = "One hub, with its clocks at risk and the time left on each")
    public TargetReport.HubTargets hub(@PathParam("hubId") String hubId, @QueryParam("by") String by) {
        boolean byOrigin = byOrigin(by);
        requireCaughtUp();
        return board.read(clock.instant(), board -> {
            boolean known = settings.hubs().contains(hubId) || board.hubsSeen().contains(hubId);
            if (!known) {
                throw ProblemException.notFound("There is no hub " + hubId + ".");
            }
            return TargetReport.hub(board, settings, hubId, true, byOrigin);
        });
    }

    /** {@code by=origin} splits every figure; no {@code by} gives the totals alone. */
    static boolean byOrigin(String by) {
        if (by == null) {
            return false;
        }
        if (!"origin".equals(by)) {
            throw new InvalidRequestException(List.of(new Problem.FieldError("by",
                    "must be origin (hospital discharge and community), or left out")));
        }
        return true;
    }

    private void requireCaughtUp() {
        requireCaughtUp(catchUp);
    }

    /** A 503 while the instance reads its backlog: its figures would be figures that never were. */
    static void requireCaughtUp(CatchUp catchUp) {
        if (!catchUp.caughtUp()) {
            long behind = catchUp.lag();
            throw new ProblemException(503, "Catching up", "The monitor is catching up with the topics"
                    + (behind < 0 ? "" : " (" + behind + " events to go)") + ". Ask again shortly.");
        }
    }
}
