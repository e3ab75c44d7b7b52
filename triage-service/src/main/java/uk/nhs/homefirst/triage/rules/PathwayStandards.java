package uk.nhs.homefirst.triage.rules;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * Which response standard each pathway carries. The defaults are the national ones; a locality may
 * override any pathway, for example give NEIGHBOURHOOD_NURSING a standard, or take one away with
 * {@value #NONE}.
 */
public final class PathwayStandards {

    /** The configuration value of a pathway without a standard. */
    public static final String NONE = "NONE";

    /** The national defaults. A pathway absent from this map has no standard. */
    public static final Map<Pathway, ResponseStandard> DEFAULTS = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR,
            Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY,
            Pathway.END_OF_LIFE, ResponseStandard.TWO_DAY,
            Pathway.PLANNED_THERAPY, ResponseStandard.EIGHTEEN_WEEK)));

    private final Map<Pathway, ResponseStandard> standards;

    private PathwayStandards(Map<Pathway, ResponseStandard> standards) {
        this.standards = Collections.unmodifiableMap(new EnumMap<>(standards));
    }

    public static PathwayStandards defaults() {
        return new PathwayStandards(DEFAULTS);
    }

    /**
     * The defaults with the configured overrides applied.
     *
     * @param overrides pathway to a {@link ResponseStandard} name or {@value #NONE}, case-insensitive
     * @throws IllegalArgumentException naming the pathway whose value is neither
     */
    public static PathwayStandards withOverrides(Map<Pathway, String> overrides) {
        EnumMap<Pathway, ResponseStandard> standards = new EnumMap<>(Pathway.class);
        standards.putAll(DEFAULTS);
        overrides.forEach((pathway, value) -> {
            Objects.requireNonNull(pathway, "pathway");
            Optional<ResponseStandard> standard = parse(pathway, value);
            if (standard.isPresent()) {
                standards.put(pathway, standard.get());
            } else {
                standards.remove(pathway);
            }
        });
        return new PathwayStandards(standards);
    }

    /** The standard of the pathway, or empty when it has none. */
    public Optional<ResponseStandard> standardOf(Pathway pathway) {
        return Optional.ofNullable(standards.get(Objects.requireNonNull(pathway, "pathway")));
    }

    /** Every pathway with a standard. */
    public Map<Pathway, ResponseStandard> asMap() {
        return standards;
    }

    private static Optional<ResponseStandard> parse(Pathway pathway, String value) {
        String trimmed = value == null ? "" : value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (trimmed.equals(NONE)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResponseStandard.valueOf(trimmed));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The response standard of pathway " + pathway + " must be one of "
                    + Arrays.toString(ResponseStandard.values()) + " or " + NONE + ", not '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return standards.toString();
    }
}
