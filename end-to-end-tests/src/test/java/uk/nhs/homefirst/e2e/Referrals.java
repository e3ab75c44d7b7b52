package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import uk.nhs.homefirst.harness.Json;

/** Referrals posted through referral-service's API, as the practice C82001's GP system posts them. */
final class Referrals {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Referrals() {
    }

    /** A crisis referral (a fall) of a test patient living at {@code postcode}, received at {@code receivedAt}: its id. */
    static String crisis(String nhsNumber, String givenName, String familyName, String postcode, Instant receivedAt)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Platform.baseUrl("referral-service")
                + "/api/referrals")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Platform.token("referrer"))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {
                          "source": "GP", "requestedUrgency": "CRISIS", "receivedAt": "%s",
                          "clinicalNeeds": ["FALLS"],
                          "reason": {"text": "Fall at home, cannot get up", "snomedCode": "217082002"},
                          "patient": {"nhsNumber": "%s", "givenName": "%s", "familyName": "%s",
                                      "dateOfBirth": "1950-05-17", "postcode": "%s", "gpPracticeOdsCode": "C82001"},
                          "referrer": {"organisationOdsCode": "C82001", "role": "GP", "name": "Dr A Patel"}
                        }
                        """.formatted(receivedAt, nhsNumber, givenName, familyName, postcode))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.read(response.body(), JsonNode.class).get("id").asText();
    }
}
