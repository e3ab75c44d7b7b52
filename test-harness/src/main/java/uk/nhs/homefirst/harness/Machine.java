package uk.nhs.homefirst.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a benchmark or the fault suite prints beside its figures, so that a figure is never read
 * without the machine and the load it was measured under.
 */
public final class Machine {

    private Machine() {
    }

    /** The one-minute load average, or -1 where there is no /proc/loadavg. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Cores, CPU model and Java version, such as "2 cores (AMD EPYC 7B13), Java 17". */
    public static String describe() {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores" + (cpu.isEmpty() ? "" : " (" + cpu + ")")
                + ", Java " + Runtime.version().feature();
    }
}
