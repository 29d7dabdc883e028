package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestBodiesTest {

    @Test
    void aBodyOfDeclaredLengthIsReadWhole() throws Exception {
        assertThat(RequestBodies.upTo(request("{\"a\":1}", true), 10))
                .hasValueSatisfying(
                        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}"));
        assertThat(RequestBodies.upTo(request("", true), 10))
                .hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void aBodyWithoutADeclaredLengthIsReadUpToTheLimit() throws Exception {
        assertThat(RequestBodies.upTo(request("0123456789", false), 10))
                .hasValueSatisfying(b -> assertThat(b).hasSize(10));
        assertThat(RequestBodies.upTo(request("0123456789X", false), 10)).isEmpty();
    }

    @Test
    void aBodyLongerThanTheLimitIsRefusedWhateverItsDeclaredLength() throws Exception {
        assertThat(RequestBodies.upTo(request("0123456789X", true), 10)).isEmpty();
        MockHttpServletRequest understated = request("0123456789X", false);
        understated.addHeader("Content-Length", "4");
        assertThat(RequestBodies.upTo(understated, 10)).isEmpty();
        MockHttpServletRequest slightly = request("012345", false);
        slightly.addHeader("Content-Length", "4");
        assertThat(RequestBodies.upTo(slightly, 10))
                .hasValueSatisfying(
                        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("012345"));
    }

    private static MockHttpServletRequest request(String body, boolean declared) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/api/v1/hooks/hris");
        r.setContent(body.getBytes(StandardCharsets.UTF_8));
        if (!declared) {
            // MockHttpServletRequest declares the content's length; a chunked request declares none
            r = new MockHttpServletRequest("POST", "/api/v1/hooks/hris") {
                @Override
                public long getContentLengthLong() {
                    String h = getHeader("Content-Length");
                    return h == null ? -1 : Long.parseLong(h);
                }
            };
            r.setContent(body.getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }
}
