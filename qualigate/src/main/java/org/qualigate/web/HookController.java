package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/{source}}: Standard Webhooks in. The signature is checked before anything is
 * stored; an authentic event is stored and processed before it is acknowledged. A request to a configured
 * source is answered by {@link StandardWebhookFilter} before it reaches the MVC; this route answers the rest
 * (an unknown source, a path the filter leaves to the firewall) with the same {@link StandardWebhookAnswers}.
 */
@RestController
class HookController {

    static final int MAX_BODY_BYTES = 1 << 20;

    private final StandardWebhookAnswers hooks;

    HookController(StandardWebhookAnswers hooks) {
        this.hooks = hooks;
    }

    @PostMapping(path = "/api/v1/hooks/{source}")
    ResponseEntity<byte[]> receive(@PathVariable String source, HttpServletRequest request) throws IOException {
        StandardWebhookAnswers.Answer a = hooks.receive(source, request);
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.status(a.status()).contentType(MediaType.parseMediaType(a.contentType()));
        if (a.retryAfter()) {
            answer.header("Retry-After", "1");
        }
        return answer.body(a.body());
    }
}
