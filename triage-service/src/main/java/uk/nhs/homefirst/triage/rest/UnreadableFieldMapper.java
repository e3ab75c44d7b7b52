package uk.nhs.homefirst.triage.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.nhs.homefirst.platform.problem.ProblemMappers;

/**
 * A JSON field of the wrong shape, such as an object where a pathway name belongs, answered as a
 * problem naming the field. Quarkus REST has a built-in mapper for exactly this exception type,
 * which is more specific than the {@code JsonProcessingException} mapper of platform-support and
 * would otherwise answer in plain JSON. Remove this once platform-support maps the type itself.
 */
public class UnreadableFieldMapper {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return problems.unreadableBody(e, uri);
    }
}
