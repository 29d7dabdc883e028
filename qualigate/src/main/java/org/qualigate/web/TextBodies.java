package org.qualigate.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.TextInput;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice;
import tools.jackson.databind.JsonNode;

/**
 * Every JSON request body of the API is text from outside: its bytes must be strict UTF-8 (an overlong form
 * is refused, not decoded), and no member name or string value may hold a control character other than a
 * tab or line break, or a lone surrogate. A refusal is a 400 problem naming the member ({@code body} for the
 * bytes), before the controller sees the body; nothing is stored cleaned.
 */
@RestControllerAdvice
class TextBodies implements RequestBodyAdvice {

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        byte[] bytes = input.getBody().readAllBytes();
        TextInput.DecodedText text = TextInput.utf8(bytes);
        if (!text.valid()) {
            throw new ApiErrors.InvalidParameter("body", text.refusal());
        }
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        check(body, "");
        return body;
    }

    @Override
    public @Nullable Object handleEmptyBody(
            @Nullable Object body,
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return body;
    }

    /** Depth first; the first unusable name or value is refused with its path ({@code reason}, {@code ids[2]}). */
    static void check(@Nullable Object value, String path) {
        switch (value) {
            case null -> {}
            case String s -> refuse(path, TextInput.multiLineRefusal(s));
            case Map<?, ?> m ->
                m.forEach((k, v) -> {
                    String key = String.valueOf(k);
                    String at = at(path, key);
                    refuse(at, TextInput.multiLineRefusal(key).map(r -> "(a member name) " + r));
                    check(v, at);
                });
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    check(l.get(i), path + "[" + i + "]");
                }
            }
            case JsonNode n -> checkNode(n, path);
            case Record r -> {
                for (var c : r.getClass().getRecordComponents()) {
                    try {
                        check(c.getAccessor().invoke(r), at(path, c.getName()));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            default -> {}
        }
    }

    private static void checkNode(JsonNode n, String path) {
        if (n.isString()) {
            refuse(path, TextInput.multiLineRefusal(n.asString()));
        } else if (n.isObject()) {
            for (var e : n.properties()) {
                String at = at(path, e.getKey());
                refuse(at, TextInput.multiLineRefusal(e.getKey()).map(r -> "(a member name) " + r));
                checkNode(e.getValue(), at);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                checkNode(n.get(i), path + "[" + i + "]");
            }
        }
    }

    private static String at(String path, String key) {
        String name = TextInput.printable(key, 64);
        return path.isEmpty() ? name : path + "." + name;
    }

    private static void refuse(String path, Optional<String> why) {
        if (why.isPresent()) {
            throw new ApiErrors.InvalidParameter(path.isEmpty() ? "body" : path, why.get());
        }
    }
}
