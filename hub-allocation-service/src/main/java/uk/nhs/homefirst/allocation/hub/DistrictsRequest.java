package uk.nhs.homefirst.allocation.hub;

import java.util.List;

/** The postcode districts a hub covers from now on, such as {@code ["LE11", "LE12"]}. */
public record DistrictsRequest(List<String> districts) {
}
