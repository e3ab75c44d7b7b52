package uk.nhs.homefirst.events;

/** How fast the referrer asks for a response. Triage decides the pathway; this is one of its inputs. */
public enum RequestedUrgency {
    /** A crisis: the referrer asks for a face-to-face response within 2 hours. */
    CRISIS,
    /** Urgent but not a crisis: within 2 days. */
    URGENT,
    /** Planned care. */
    ROUTINE
}
