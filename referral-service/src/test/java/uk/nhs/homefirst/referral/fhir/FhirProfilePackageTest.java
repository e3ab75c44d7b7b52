package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.contained;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.example;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a deployment adds profiles the service cannot fetch itself, such as UK Core's: a FHIR NPM
 * package named in {@code homefirst.fhir.profile-packages}. Here a package of one profile, which
 * asks for a note on every ServiceRequest, stands in for UK Core.
 */
class FhirProfilePackageTest {

    private static final String PROFILE = "https://example.org/fhir/StructureDefinition/ServiceRequestWithNote";

    @Test
    void aServiceRequestClaimingAProfileOfAConfiguredPackageIsJudgedByIt(@TempDir Path dir) throws IOException {
        FhirStructureValidator validator = new FhirStructureValidator(FHIR, List.of(pack(dir)));

        ServiceRequest claiming = contained(example());
        claiming.getMeta().addProfile(PROFILE);
        assertThat(validator.validate(claiming)).anySatisfy(issue -> assertThat(issue.expression()).contains("ServiceRequest"));

        claiming.addNote().setText("Lives alone");
        assertThat(validator.validate(claiming)).isEmpty();
        assertThat(validator.validate(contained(example()))).isEmpty();
    }

    @Test
    void aPackageThatCannotBeReadStopsTheServiceWithItsName(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("uk.core.r4.tgz"), "not a package");
        assertThatThrownBy(() -> new FhirStructureValidator(FHIR, List.of(broken)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("uk.core.r4.tgz");
    }

    /** A FHIR NPM package: package/package.json and one StructureDefinition, differential only. */
    private static Path pack(Path dir) throws IOException {
        String packageJson = """
                {"name": "example.profiles", "version": "1.0.0", "fhirVersions": ["4.0.1"], "type": "fhir.ig",
                 "dependencies": {"hl7.fhir.r4.core": "4.0.1"}}""";
        String profile = """
                {"resourceType": "StructureDefinition", "id": "ServiceRequestWithNote", "url": "%s",
                 "name": "ServiceRequestWithNote", "status": "active", "fhirVersion": "4.0.1", "kind": "resource",
                 "abstract": false, "type": "ServiceRequest",
                 "baseDefinition": "http://hl7.org/fhir/StructureDefinition/ServiceRequest", "derivation": "constraint",
                 "differential": {"element": [{"id": "ServiceRequest.note", "path": "ServiceRequest.note", "min": 1}]}}"""
                .formatted(PROFILE);
        Path tgz = dir.resolve("example.profiles-1.0.0.tgz");
        try (OutputStream file = Files.newOutputStream(tgz);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            for (Map.Entry<String, String> entry : Map.of("package/package.json", packageJson,
                    "package/StructureDefinition-ServiceRequestWithNote.json", profile).entrySet()) {
                byte[] bytes = entry.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                tarEntry.setSize(bytes.length);
                tar.putArchiveEntry(tarEntry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return tgz;
    }
}
