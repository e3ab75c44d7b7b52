package uk.nhs.homefirst.monitor.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ResponseStandard;

class FigureTableTest {

    static final Map<ResponseStandard, BigDecimal> TWO_HOUR = Map.of(ResponseStandard.TWO_HOUR, new BigDecimal(70));

    @Test
    void everyPeriodHubAndStandardHasARowZerosIncludedAndAMonthCarriesWhatWasFinalisedAndItsRevisions() {
        Map<String, String> hubs = new LinkedHashMap<>();
        hubs.put("south-leicestershire", "Harborough, Blaby, Oadby & Wigston");
        hubs.put("melton-rutland", "Melton & Rutland");
        Instant finalisedAt = Instant.parse("2026-11-01T01:00:00Z");
        Revision revision = new Revision(Instant.parse("2026-11-03T10:00:00Z"), new Tally(6, 4, 1), new Tally(7, 3, 1),
                "r/1", "e", "VisitRecorded");
        List<FigureBoard.Entry> figures = List.of(new FigureBoard.Entry(
                new FigureKey(Period.MONTH, ResponseStandard.TWO_HOUR, "melton-rutland", LocalDate.parse("2026-10-01")),
                new Figure(new Tally(7, 3, 1), finalisedAt, new Tally(6, 4, 1), List.of(revision))));

        List<FigureTable.Row> rows = FigureTable.rows(figures, Period.MONTH, LocalDate.parse("2026-10-15"),
                LocalDate.parse("2026-11-02"), hubs, TWO_HOUR, List.of(FigureOrigin.ALL));

        assertThat(rows).hasSize(4);
        String csv = FigureTable.csv(rows);
        assertThat(csv.split("\r\n")).containsExactly(
                "period,period_start,period_end,hub_id,hub_name,standard,met,breached,excluded,resolved,percentage_met,"
                        + "threshold,below_threshold,finalised_at,finalised_met,finalised_breached,finalised_excluded,"
                        + "finalised_percentage_met,revisions,last_revised_at,origin",
                "month,2026-10-01,2026-11-01,south-leicestershire,\"Harborough, Blaby, Oadby & Wigston\",TWO_HOUR,0,0,0,0,,70,"
                        + "false,,,,,,0,,ALL",
                "month,2026-10-01,2026-11-01,melton-rutland,Melton & Rutland,TWO_HOUR,7,3,1,10,70.0,70,false,"
                        + "2026-11-01T01:00:00Z,6,4,1,60.0,1,2026-11-03T10:00:00Z,ALL",
                "month,2026-11-01,2026-12-01,south-leicestershire,\"Harborough, Blaby, Oadby & Wigston\",TWO_HOUR,0,0,0,0,,70,"
                        + "false,,,,,,0,,ALL",
                "month,2026-11-01,2026-12-01,melton-rutland,Melton & Rutland,TWO_HOUR,0,0,0,0,,70,false,,,,,,0,,ALL");
    }

    @Test
    void bySplitEachFigureIsFollowedByItsOriginsEachWithWhatWasFinalisedAndItsOwnRevisions() {
        Instant finalisedAt = Instant.parse("2026-11-01T01:00:00Z");
        Revision revision = new Revision(Instant.parse("2026-11-03T10:00:00Z"), new Tally(6, 4, 1), new Tally(7, 3, 1),
                "r/1", "e", "VisitRecorded");
        Revision hospitalRevision = new Revision(revision.at(), new Tally(1, 2, 0), new Tally(2, 1, 0), "r/1", "e",
                "VisitRecorded");
        FigureKey october = new FigureKey(Period.MONTH, ResponseStandard.TWO_HOUR, "melton-rutland",
                LocalDate.parse("2026-10-01"));
        List<FigureBoard.Entry> figures = List.of(
                new FigureBoard.Entry(october, new Figure(new Tally(7, 3, 1), finalisedAt, new Tally(6, 4, 1),
                        List.of(revision))),
                new FigureBoard.Entry(october.of(FigureOrigin.HOSPITAL_DISCHARGE), new Figure(new Tally(2, 1, 0),
                        finalisedAt, new Tally(1, 2, 0), List.of(hospitalRevision))),
                new FigureBoard.Entry(october.of(FigureOrigin.COMMUNITY), new Figure(new Tally(5, 2, 1), finalisedAt,
                        new Tally(5, 2, 1), List.of())));

        List<FigureTable.Row> rows = FigureTable.rows(figures, Period.MONTH, LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-31"), Map.of("melton-rutland", "Melton & Rutland"), TWO_HOUR,
                List.of(FigureOrigin.values()));

        assertThat(FigureTable.csv(rows).split("\r\n")).containsExactly(
                "period,period_start,period_end,hub_id,hub_name,standard,met,breached,excluded,resolved,percentage_met,"
                        + "threshold,below_threshold,finalised_at,finalised_met,finalised_breached,finalised_excluded,"
                        + "finalised_percentage_met,revisions,last_revised_at,origin",
                "month,2026-10-01,2026-11-01,melton-rutland,Melton & Rutland,TWO_HOUR,7,3,1,10,70.0,70,false,"
                        + "2026-11-01T01:00:00Z,6,4,1,60.0,1,2026-11-03T10:00:00Z,ALL",
                "month,2026-10-01,2026-11-01,melton-rutland,Melton & Rutland,TWO_HOUR,2,1,0,3,66.7,70,true,"
                        + "2026-11-01T01:00:00Z,1,2,0,33.3,1,2026-11-03T10:00:00Z,HOSPITAL_DISCHARGE",
                "month,2026-10-01,2026-11-01,melton-rutland,Melton & Rutland,TWO_HOUR,5,2,1,7,71.4,70,false,"
                        + "2026-11-01T01:00:00Z,5,2,1,71.4,0,,COMMUNITY");
    }
}
