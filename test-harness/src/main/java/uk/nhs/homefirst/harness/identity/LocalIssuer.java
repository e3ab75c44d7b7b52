package uk.nhs.homefirst.harness.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import uk.nhs.homefirst.harness.Json;

/**
 * The fallback identity provider of the local stack, for a machine without a JDK 21+ to run
 * Keycloak: an OpenID Connect issuer of the same realm file, on the same paths as Keycloak
 * (discovery, JWKS, the token endpoint with the password and client credentials grants, and the
 * admin calls of {@link IdentityClient}), with an RSA key made at start-up. Its tokens carry the
 * claims the realm's mappers describe. It signs tokens (jose4j) and never reads one: the
 * services validate its tokens with quarkus-oidc exactly as Keycloak's. It signs nobody in to a
 * browser: its authorization endpoint is a page that says the dashboard's sign-in needs Keycloak
 * (a login page, sessions and the code grant are what a real provider is for).
 */
public final class LocalIssuer implements IdentityProvider {

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final Credentials admin = new Credentials("admin", Secrets.random());
    private final Set<String> adminTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, List<String>> groupRoles = new ConcurrentHashMap<>();
    private volatile JsonNode realm;

    private LocalIssuer(HttpServer server, RsaJsonWebKey key) {
        this.server = server;
        this.key = key;
    }

    public static LocalIssuer start(int port, Map<String, String> realmValues) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(UUID.randomUUID().toString());
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            LocalIssuer issuer = new LocalIssuer(http, key);
            http.createContext("/", issuer::handle);
            http.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "local-issuer");
                thread.setDaemon(true);
                return thread;
            }));
            http.start();
            new IdentityClient(issuer.baseUrl()).admin(issuer.admin).createRealm(RealmTemplate.fill(realmValues));
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public String description() {
        return "the local issuer (no JDK 21+ for Keycloak)";
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public Credentials admin() {
        return admin;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private record Client(String id, String secret, boolean publicClient, String serviceAccount) {
    }

    private record User(String id, String username, String password, Map<String, List<String>> attributes,
            List<String> groups) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String prefix = "/realms/" + RealmTemplate.REALM;
            if (method.equals("GET") && path.equals(prefix + "/.well-known/openid-configuration")) {
                answer(exchange, 200, discovery());
            } else if (method.equals("GET") && path.equals(prefix + "/protocol/openid-connect/certs")) {
                answer(exchange, 200, Json.read("{\"keys\":[" + key.toJson() + "]}", JsonNode.class));
            } else if (method.equals("GET") && (path.equals(prefix + "/protocol/openid-connect/auth")
                    || path.equals(prefix + "/protocol/openid-connect/logout"))) {
                page(exchange, 501, NO_SIGN_IN);
            } else if (method.equals("POST") && path.equals(prefix + "/protocol/openid-connect/token")) {
                token(exchange, form(exchange));
            } else if (method.equals("POST") && path.equals("/realms/master/protocol/openid-connect/token")) {
                Map<String, String> form = form(exchange);
                if (admin.username().equals(form.get("username")) && admin.password().equals(form.get("password"))) {
                    String token = Secrets.random();
                    adminTokens.add(token);
                    answer(exchange, 200, Json.MAPPER.createObjectNode().put("access_token", token).put("token_type", "Bearer"));
                } else {
                    answer(exchange, 401, error("invalid_grant", "Invalid user credentials"));
                }
            } else if (path.startsWith("/admin/")) {
                administer(exchange, method, path);
            } else {
                answer(exchange, 404, error("not_found", "Nothing here"));
            }
        } catch (RuntimeException e) {
            answer(exchange, 500, error("server_error", e.getClass().getSimpleName()));
        }
    }

    private ObjectNode discovery() {
        String issuer = issuer();
        ObjectNode document = Json.MAPPER.createObjectNode();
        document.put("issuer", issuer);
        document.put("jwks_uri", issuer + "/protocol/openid-connect/certs");
        document.put("token_endpoint", issuer + "/protocol/openid-connect/token");
        // Advertised so that a service that signs people in (and out) starts, and a browser sent here learns why not.
        document.put("authorization_endpoint", issuer + "/protocol/openid-connect/auth");
        document.put("end_session_endpoint", issuer + "/protocol/openid-connect/logout");
        document.putArray("grant_types_supported").add("password").add("client_credentials");
        document.putArray("response_types_supported").add("token");
        document.putArray("subject_types_supported").add("public");
        document.putArray("id_token_signing_alg_values_supported").add(AlgorithmIdentifiers.RSA_USING_SHA256);
        document.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("client_secret_basic");
        return document;
    }

    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        Client client = clients.get(form.getOrDefault("client_id", ""));
        if (client == null || (!client.publicClient() && !client.secret().equals(form.get("client_secret")))) {
            answer(exchange, 401, error("invalid_client", "Invalid client or Invalid client credentials"));
            return;
        }
        Optional<User> user = switch (form.getOrDefault("grant_type", "")) {
            case "password" -> Optional.ofNullable(users.get(form.getOrDefault("username", "")))
                    .filter(u -> u.password() != null && u.password().equals(form.get("password")));
            case "client_credentials" -> Optional.ofNullable(client.serviceAccount()).map(users::get);
            default -> Optional.empty();
        };
        if (user.isEmpty()) {
            answer(exchange, 400, error("invalid_grant", "Invalid user credentials"));
            return;
        }
        long lifespan = realm.path("accessTokenLifespan").asLong(300);
        answer(exchange, 200, Json.MAPPER.createObjectNode().put("access_token", sign(claims(user.get(), client)))
                .put("token_type", "Bearer").put("expires_in", lifespan));
    }

    /** The claims the realm's {@code home-first} client scope maps into an access token. */
    private ObjectNode claims(User user, Client client) {
        Instant now = Instant.now();
        ObjectNode claims = Json.MAPPER.createObjectNode();
        claims.put("iss", issuer());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + realm.path("accessTokenLifespan").asLong(300));
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("typ", "Bearer");
        claims.put("azp", client.id());
        for (JsonNode scope : realm.path("clientScopes")) {
            for (JsonNode mapper : scope.path("protocolMappers")) {
                JsonNode config = mapper.path("config");
                String claim = config.path("claim.name").asText();
                switch (mapper.path("protocolMapper").asText()) {
                    case "oidc-sub-mapper" -> claims.put("sub", user.id());
                    case "oidc-audience-mapper" -> claims.put("aud", config.path("included.custom.audience").asText());
                    case "oidc-usermodel-property-mapper" -> claims.put(claim, user.username());
                    case "oidc-usermodel-realm-role-mapper" -> {
                        ArrayNode roles = claims.putArray(claim);
                        user.groups().stream().flatMap(g -> groupRoles.getOrDefault(g, List.of()).stream()).forEach(roles::add);
                    }
                    case "oidc-usermodel-attribute-mapper" -> {
                        List<String> values = user.attributes().getOrDefault(config.path("user.attribute").asText(), List.of());
                        if (values.isEmpty()) {
                            break;
                        }
                        if (config.path("multivalued").asBoolean()) {
                            values.forEach(claims.putArray(claim)::add);
                        } else {
                            claims.put(claim, values.get(0));
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return claims;
    }

    private String sign(ObjectNode claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(Json.write(claims));
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private void administer(HttpExchange exchange, String method, String path) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !adminTokens.contains(authorization.replaceFirst("^Bearer ", ""))) {
            answer(exchange, 401, error("unauthorized", "HTTP 401 Unauthorized"));
            return;
        }
        String users = "/admin/realms/" + RealmTemplate.REALM + "/users";
        if (method.equals("POST") && path.equals("/admin/realms")) {
            load(body(exchange));
            answer(exchange, 201, null);
        } else if (method.equals("GET") && path.equals(users)) {
            String username = query(exchange).getOrDefault("username", "");
            ArrayNode found = Json.MAPPER.createArrayNode();
            Optional.ofNullable(this.users.get(username)).ifPresent(u -> found.addObject().put("id", u.id()).put("username", u.username()));
            answer(exchange, 200, found);
        } else if (method.equals("POST") && path.equals(users)) {
            JsonNode user = body(exchange);
            String username = user.path("username").asText();
            if (this.users.containsKey(username)) {
                answer(exchange, 409, error("conflict", "User exists with same username"));
                return;
            }
            String password = null;
            for (JsonNode credential : user.path("credentials")) {
                if (credential.path("type").asText().equals("password")) {
                    password = credential.path("value").asText();
                }
            }
            add(user, password);
            answer(exchange, 201, null);
        } else {
            answer(exchange, 404, error("not_found", "Not supported by the local issuer"));
        }
    }

    private void load(JsonNode realm) {
        this.realm = realm;
        for (JsonNode group : realm.path("groups")) {
            List<String> roles = new ArrayList<>();
            group.path("realmRoles").forEach(role -> roles.add(role.asText()));
            groupRoles.put(group.path("path").asText("/" + group.path("name").asText()), roles);
        }
        for (JsonNode client : realm.path("clients")) {
            String id = client.path("clientId").asText();
            clients.put(id, new Client(id, client.path("secret").asText(""), client.path("publicClient").asBoolean(),
                    client.path("serviceAccountsEnabled").asBoolean() ? "service-account-" + id : null));
        }
        clients.put("admin-cli", new Client("admin-cli", "", true, null));
        realm.path("users").forEach(user -> add(user, null));
    }

    private void add(JsonNode user, String password) {
        Map<String, List<String>> attributes = new HashMap<>();
        user.path("attributes").fields().forEachRemaining(field -> {
            List<String> values = new ArrayList<>();
            field.getValue().forEach(value -> values.add(value.asText()));
            attributes.put(field.getKey(), List.copyOf(values));
        });
        List<String> groups = new ArrayList<>();
        user.path("groups").forEach(group -> groups.add(group.asText()));
        String username = user.path("username").asText();
        users.put(username, new User(UUID.randomUUID().toString(), username, password, Map.copyOf(attributes),
                List.copyOf(groups)));
    }

    static final String NO_SIGN_IN = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign-in needs Keycloak</title></head>
            <body><h1>Sign-in needs Keycloak</h1>
            <p>The local stack is running its stand-in identity provider, the local issuer, because it found no
            Java 21 or later to run Keycloak. The local issuer gives tokens to scripts and systems, but it signs
            nobody in to a browser, so the ops dashboard cannot open.</p>
            <p>Install a JDK 21 or later (or set HOMEFIRST_KEYCLOAK_JAVA_HOME) and start the stack again, or read
            the figures with a token: <code>curl -H "Authorization: Bearer $(deploy/local/token ops)"
            http://localhost:8084/api/targets</code>.</p></body></html>
            """;

    private static void page(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static ObjectNode error(String error, String description) {
        return Json.MAPPER.createObjectNode().put("error", error).put("error_description", description);
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        return Json.MAPPER.readTree(exchange.getRequestBody());
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        return decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query == null ? Map.of() : decode(query);
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> values = new HashMap<>();
        for (String pair : form.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
