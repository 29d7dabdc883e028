package org.qualigate.connector.workday;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.qualigate.connector.TargetException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * A Workday SOAP fault (always HTTP 500): an authentication fault is permanent — retrying with the same
 * credentials cannot help — every other fault, and any other failed answer, is transient.
 */
final class SoapFault {

    private SoapFault() {}

    static TargetException toException(int status, byte[] body) {
        String code = null;
        String message = null;
        try {
            Document doc = WorkerXml.parse(body);
            Element fault = WorkdayDom.descendants(doc.getDocumentElement(), "Fault").stream()
                    .findFirst()
                    .orElse(null);
            if (fault != null) {
                code = WorkdayDom.text(fault, "faultcode");
                message = WorkdayDom.text(fault, "faultstring");
                String detail = WorkdayDom.descendants(fault, "Detail_Message").stream()
                        .map(e -> e.getTextContent().trim())
                        .findFirst()
                        .orElse(null);
                if (detail != null && (message == null || !message.contains(detail))) {
                    message = message == null ? detail : message + " (" + detail + ")";
                }
            }
        } catch (SAXException e) {
            // not XML: reported by status below
        }
        if (code == null) {
            if (status == 401 || status == 403) {
                return TargetException.permanentFailure(
                        "Workday refused the integration user (HTTP " + status
                                + "): check qualigate.workday.username and password",
                        null);
            }
            String text = new String(body, StandardCharsets.UTF_8);
            return TargetException.transientFailure(
                    "Workday answered HTTP " + status + ": " + WorkerXml.clip(text.strip()), null);
        }
        if (code.toLowerCase(Locale.ROOT).contains("authentication")) {
            return TargetException.permanentFailure(
                    "Workday refused the integration user's credentials (" + code
                            + "): check qualigate.workday.username (user@tenant), its password and that the"
                            + " integration user is active",
                    null);
        }
        return TargetException.transientFailure(
                "Workday fault " + code + ": " + (message == null ? "(no faultstring)" : message), null);
    }
}
