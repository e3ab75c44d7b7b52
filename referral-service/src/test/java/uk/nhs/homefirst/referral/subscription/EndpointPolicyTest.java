package uk.nhs.homefirst.referral.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Where a rest-hook may send: public https addresses only, judged when made and at each delivery. */
class EndpointPolicyTest {

    /** A DNS of the test's own: names resolve to what the test says now. */
    private final Map<String, String[]> dns = new ConcurrentHashMap<>();
    private final EndpointPolicy policy = new EndpointPolicy(List.of("localhost"), host -> {
        String[] addresses = dns.get(host);
        if (addresses == null) {
            if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    });

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://127.8.9.1:8443/hook", "https://[::1]/hook",
            "https://169.254.169.254/latest/meta-data/", "https://[fe80::1]/", "https://10.0.0.5/", "https://172.16.3.4/",
            "https://172.31.255.255/", "https://192.168.1.1/", "https://[fd00::1]/", "https://100.64.0.1/",
            "https://0.0.0.0/", "https://[::]/", "https://[::ffff:169.254.169.254]/", "https://[::ffff:10.0.0.1]/",
            "https://[64:ff9b::a9fe:a9fe]/", "https://224.0.0.1/", "https://255.255.255.255/", "https://2130706433/",
            "https://a.localhost./", "https://metadata.localhost/", "https://198.18.0.1/", "https://[2001:db8::1]/"})
    void anEndpointOnLoopbackLinkLocalPrivateOrReservedAddressesIsRefused(String endpoint) {
        assertThat(policy.problemAtCreation(endpoint)).as(endpoint).startsWith("channel.endpoint's host is a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://gp-system.example/hook", "ftp://gp-system.example/", "https://user:pw@gp.example/",
            "https://gp.example/#x", "/relative", "https:///nohost", "not a url", ""})
    void anEndpointThatIsNotAnHttpsUrlIsRefused(String endpoint) {
        assertThat(policy.problemAtCreation(endpoint)).as(endpoint).isNotNull().contains("https");
    }

    @Test
    void aPublicHttpsEndpointIsKeptAndSoIsOneWhoseNameDoesNotResolveYet() throws Exception {
        dns.put("gp-system.example", new String[] {"203.0.114.7", "2a00:1450:4009::1"});
        assertThat(policy.problemAtCreation("https://gp-system.example/fhir")).isNull();
        assertThat(policy.problemAtCreation("https://93.184.216.34:8443/hook")).isNull();
        assertThat(policy.problemAtCreation("https://not-yet.example/hook")).as("judged again at delivery").isNull();
        assertThat(policy.addressFor(URI.create("https://gp-system.example/fhir")))
                .isEqualTo(InetAddress.getByName("203.0.114.7"));
        assertThatThrownBy(() -> policy.addressFor(URI.create("https://not-yet.example/hook")))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aNameThatResolvesElsewhereSinceIsRefusedAtDelivery() throws Exception {
        dns.put("ehr.example", new String[] {"203.0.114.7"});
        assertThat(policy.problemAtCreation("https://ehr.example/hook")).isNull();

        dns.put("ehr.example", new String[] {"169.254.169.254"});
        assertThatThrownBy(() -> policy.addressFor(URI.create("https://ehr.example/hook")))
                .isInstanceOf(EndpointPolicy.Refused.class).hasMessageContaining("link-local")
                .hasMessageNotContaining("ehr.example");

        dns.put("ehr.example", new String[] {"203.0.114.7", "10.1.1.1"});
        assertThatThrownBy(() -> policy.addressFor(URI.create("https://ehr.example/hook")))
                .as("one private address among public ones").isInstanceOf(EndpointPolicy.Refused.class)
                .hasMessageContaining("private");
    }

    @Test
    void onlyAHostOnTheAllowListMayBeLocalOrPlainHttp() {
        assertThat(policy.problemAtCreation("http://localhost:22090/hooks")).isNull();
        assertThat(policy.problemAtCreation("https://LOCALHOST/hooks")).isNull();
        assertThat(policy.allowed(URI.create("http://localhost:22090/hooks"))).isTrue();
        assertThat(policy.allowed(URI.create("http://127.0.0.1:22090/hooks"))).as("the list names hosts as written")
                .isFalse();
        assertThat(new EndpointPolicy(List.of()).problemAtCreation("http://localhost:22090/hooks"))
                .as("none by default").isNotNull();
    }
}
