package uk.nhs.homefirst.monitor.topology;

/** Something a processor of the topology sends, and where it goes. */
record Outgoing(Destination to, Object value) {

    enum Destination {
        /** The clocks of a referral that count now: {@code target-monitor.board}, read by every instance. */
        BOARD,
        /** A resolved clock, for the judges of its hub and standard (an internal repartition topic). */
        JUDGE,
        /** A daily, weekly or monthly figure: {@code target-monitor.figures}, read by every instance. */
        FIGURES,
        /** An alert, a clock at risk or a breach, as a CloudEvent: {@code target-alerts}. */
        TARGET_ALERTS,
        /** A clock started, or its status or deadline changed, as a CloudEvent: {@code response-clocks}. */
        RESPONSE_CLOCKS,
        /** An entry of the alert list every instance serves: {@code target-monitor.alert-list}. */
        ALERT_LIST,
        /** A record no one can read: its topic's dead-letter topic. */
        DEAD_LETTERS,
        /** An event that came after its referral left the state: {@code target-monitor.late-events}. */
        LATE_EVENTS
    }
}
