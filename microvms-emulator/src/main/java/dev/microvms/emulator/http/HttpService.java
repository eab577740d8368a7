package dev.microvms.emulator.http;

/**
 * What the emulator's port serves: an {@link Exchange} for each request, and its errors in the style of
 * the API a path belongs to (the service's JSON errors, or S3's XML).
 */
public interface HttpService {

    /**
     * Chooses how to take in and answer a request, from its head alone.
     *
     * @param head the method, path, query and headers; its body is empty
     * @return the exchange that reads the body and answers
     */
    Exchange open(HttpCall head);

    /**
     * Answers a request the HTTP layer refuses itself: a body too large or too slow, a head Jetty cannot
     * parse, a failure no handler caught.
     *
     * @param path the request's path as far as it is known, or {@code /} when it is not
     * @param status the HTTP status, such as 413
     * @param message what was wrong and how to fix it
     * @return the answer in the style of the path's API
     */
    HttpAnswer error(String path, int status, String message);
}
