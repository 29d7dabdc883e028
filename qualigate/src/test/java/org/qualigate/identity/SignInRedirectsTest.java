package org.qualigate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class SignInRedirectsTest {

    @Verifies("URS-SEC-032")
    @Test
    void aSavedRequestsAbsoluteUrlIsFollowedOnlyAsAPathOnThisServer() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();

        new SignInRedirects().sendRedirect(request, response, "http://evil.example:8443/people?q=E1&continue");

        assertThat(response.getRedirectedUrl()).isEqualTo("/people?q=E1&continue");
    }

    @Verifies("URS-SEC-032")
    @Test
    void aPathThatABrowserWouldReadAsAnotherHostIsKeptOnThisServer() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        assertThat(SignInRedirects.pathOf("//evil.example/x", request)).isEqualTo("/x");
        assertThat(SignInRedirects.pathOf("http://h////evil.example/x", request))
                .isEqualTo("/evil.example/x");
        assertThat(SignInRedirects.pathOf("/login?error", request)).isEqualTo("/login?error");
        assertThat(SignInRedirects.pathOf("relative", request)).isEqualTo("/");
    }
}
