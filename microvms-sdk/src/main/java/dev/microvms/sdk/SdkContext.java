package dev.microvms.sdk;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.sdk.internal.BuildFailures;
import dev.microvms.sdk.internal.Sleeper;
import dev.microvms.sdk.internal.Waiter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** What every resource object of one {@link Microvms} shares: the client, time, defaults, HTTP. */
final class SdkContext {
    final LambdaMicrovmsClient client;
    final Clock clock;
    final Sleeper sleeper;
    final WaiterOptions waiterDefaults;
    final EndpointOptions endpointDefaults;
    final Waiter waiter;
    final BuildFailures buildFailures;
    private final Supplier<HttpClient> httpClientFactory;
    private @Nullable HttpClient httpClient;

    SdkContext(
            LambdaMicrovmsClient client,
            Clock clock,
            Sleeper sleeper,
            WaiterOptions waiterDefaults,
            EndpointOptions endpointDefaults,
            @Nullable HttpClient httpClient) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
        this.waiterDefaults = waiterDefaults;
        this.endpointDefaults = endpointDefaults;
        this.waiter = new Waiter(clock, sleeper);
        this.buildFailures = new BuildFailures(client);
        this.httpClient = httpClient;
        this.httpClientFactory = SdkContext::defaultHttpClient;
    }

    /** The HTTP client for endpoints, made on first use: most programs never call an endpoint. */
    synchronized HttpClient httpClient() {
        if (httpClient == null) {
            httpClient = httpClientFactory.get();
        }
        return httpClient;
    }

    WaiterOptions waiterOptions(WaiterOptions given) {
        return given.orElse(waiterDefaults);
    }

    private static HttpClient defaultHttpClient() {
        // HTTP/1.1: the proxy speaks it everywhere, and h2c upgrade headers confuse plain HTTP servers.
        // Redirects are not followed, so a token header never travels to another host.
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
