package uk.nhs.homefirst.monitor.figures;

import uk.nhs.homefirst.monitor.clock.Origin;

/**
 * Which clocks a figure counts: all of them, or those of one origin (NICE QS173 reports hospital
 * discharge and community apart). Each is kept as a figure of its own, finalised and revised on its
 * own, so that a late event changes the month of its clock's origin and the total, and nothing else.
 */
public enum FigureOrigin {
    ALL, HOSPITAL_DISCHARGE, COMMUNITY;

    /** The two origins, whose figures add up to those of {@link #ALL}. */
    public static final java.util.List<FigureOrigin> SPLIT = java.util.List.of(HOSPITAL_DISCHARGE, COMMUNITY);

    public static FigureOrigin of(Origin origin) {
        return origin == Origin.HOSPITAL_DISCHARGE ? HOSPITAL_DISCHARGE : COMMUNITY;
    }
}
