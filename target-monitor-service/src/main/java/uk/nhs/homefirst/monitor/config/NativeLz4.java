package uk.nhs.homefirst.monitor.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import net.jpountz.lz4.LZ4Factory;
import org.jboss.logging.Logger;

/**
 * Lets the Kafka clients decompress LZ4 batches with lz4-java's JNI library. lz4-java picks it by
 * itself only when it was loaded by the system class loader, which a Quarkus application's
 * libraries are not; otherwise Kafka gets the pure-Java "safe" codec, about three times slower.
 * Replaying the topics decompresses every batch, so the library is loaded before any Kafka client
 * is made, and where it cannot be (a platform without a bundled library) the Java codec stays.
 */
@Singleton
public class NativeLz4 {

    private static final Logger LOG = Logger.getLogger(NativeLz4.class);

    void load(@Observes @Priority(1) StartupEvent startup) {
        try {
            LZ4Factory.nativeInstance();
            LOG.infof("Kafka batches are decompressed with %s", LZ4Factory.fastestInstance());
        } catch (Throwable e) {
            LOG.infof("LZ4 through lz4-java's Java codec (the JNI library did not load: %s)", e.toString());
        }
    }
}
