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
                LocalDate.parse("2026-11-02"), hubs, TWO_HOUR);

        assertThat(rows).hasSize(4);
        String csv = FigureTable.csv(rows);
        assertThat(csv.split("\r\n")).containsExactly(
                "period,period_start,period_end,hub_id,hub_name,standard,met,breached,excluded,resolved,percentage_met,"
                        + "threshold,below_threshold,finalised_at,finalised_met,finalised_breached,finalised_excluded,"
                        + "finalised_percentage_met,revisions,last_revised_at",
                "month,2026-10-01,2026-11-01,south-leicestershire,\"Harborough, Blaby, Oadby & Wigston\",TWO_HOUR,0,0,0,0,,70,"
                        + "false,,,,,,0,",
                "month,2026-10-01,2026-11-01,melton-rutland,Melton & Rutland,TWO_HOUR,7,3,1,10,70.0,70,false,"
                        + "2026-11-01T01:00:00Z,6,4,1,60.0,1,2026-11-03T10:00:00Z",
                "month,2026-11-01,2026-12-01,south-leicestershire,\"Harborough, Blaby, Oadby & Wigston\",TWO_HOUR,0,0,0,0,,70,"
                        + "false,,,,,,0,",
                "month,2026-11-01,2026-12-01,melton-rutland,Melton & Rutland,TWO_HOUR,0,0,0,0,,70,false,,,,,,0,");
    }
}
