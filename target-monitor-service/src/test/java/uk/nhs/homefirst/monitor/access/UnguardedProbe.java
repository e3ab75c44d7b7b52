package uk.nhs.homefirst.monitor.access;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A REST method with no security annotation, in the tests only: deny by default must refuse it. */
@Path("/api/unguarded")
public class UnguardedProbe {

    @GET
    public String unguarded() {
        return "nobody should read this";
    }
}
