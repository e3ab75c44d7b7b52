package uk.nhs.homefirst.events;

/** Who made a visit: the role, never the person. */
public enum StaffRole {
    NURSE,
    THERAPIST,
    SUPPORT_WORKER,
    SOCIAL_CARE
}
