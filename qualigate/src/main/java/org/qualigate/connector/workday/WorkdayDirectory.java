package org.qualigate.connector.workday;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.trace.Traces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The worker directory read from Workday with {@code Get_Workers}: every worker, terminated ones included ({@code
 * Exclude_Inactive_Workers} false), with personal, employment, organisation and management-chain data, page by page.
 * The status is {@code Worker_Status_Data/Terminated} (an xsd:boolean), the site the primary position's business site
 * ({@code Location_ID}), the line the organisation of the configured type, the supervisor the manager of the closest
 * supervisory organisation (resolved by {@code WID} among the workers read when the reference has no Employee_ID).
 * A page without the expected shape stops the read: a partial directory would look like terminations. A worker
 * whose status cannot be read is returned with the reason, and set aside by the caller.
 */
public final class WorkdayDirectory implements HrisDirectory {

    private static final int MAX_PAGES = 100_000;

    private final String name;
    private final WorkdaySettings settings;
    private final GetWorkers getWorkers;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public WorkdayDirectory(String name, WorkdaySettings settings, Traces.CallRecorder recorder) {
        this.name = name;
        this.settings = settings;
        this.getWorkers = new GetWorkers(settings, recorder);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Worker> workers() {
        List<Element> elements = new ArrayList<>();
        int page = 1;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            Document doc = getWorkers.all(page);
            int total = GetWorkers.totalPages(doc, page);
            elements.addAll(WorkdayDom.descendants(doc.getDocumentElement(), "Worker"));
            int thisPage = GetWorkers.thisPage(doc, page);
            if (thisPage >= total) {
                return workers(elements, settings.lineOrganizationType());
            }
            page = thisPage + 1;
        }
        throw org.qualigate.connector.TargetException.transientFailure(
                "Workday Get_Workers has more than " + MAX_PAGES + " pages", null);
    }

    /** The directory's workers from {@code Worker} elements of full reads. */
    static List<Worker> workers(List<Element> elements, @Nullable String lineOrganizationType) {
        Map<String, String> employeeIdByWid = new HashMap<>();
        for (Element w : elements) {
            String employeeId = WorkerXml.employeeId(w);
            String wid = WorkdayDom.id(WorkdayDom.child(w, "Worker_Reference"), "WID");
            if (employeeId != null && wid != null) {
                employeeIdByWid.put(wid, employeeId);
            }
        }
        List<Worker> workers = new ArrayList<>();
        for (Element w : elements) {
            String employeeId = WorkerXml.employeeId(w);
            if (employeeId != null) {
                workers.add(worker(employeeId, w, lineOrganizationType, employeeIdByWid));
            }
        }
        return workers;
    }

    private static Worker worker(
            String employeeId, Element w, @Nullable String lineOrganizationType, Map<String, String> byWid) {
        Element data = WorkdayDom.child(w, "Worker_Data");
        Element status = WorkdayDom.path(data, "Employment_Data", "Worker_Status_Data");
        String unreadable = null;
        String state = null;
        LocalDate hired = null;
        LocalDate terminated = null;
        if (status == null) {
            unreadable = "Worker_Status_Data: missing (is Include_Employment_Information granted to the integration"
                    + " user?)";
        } else {
            WorkerXml.XsdBoolean flag = WorkerXml.XsdBoolean.of(WorkdayDom.text(status, "Terminated"));
            WorkerXml.XsdBoolean active = WorkerXml.XsdBoolean.of(WorkdayDom.text(status, "Active"));
            if (flag == WorkerXml.XsdBoolean.INVALID || active == WorkerXml.XsdBoolean.INVALID) {
                unreadable = "Worker_Status_Data: Terminated/Active is not an xsd:boolean";
            } else if (flag == WorkerXml.XsdBoolean.TRUE) {
                state = "TERMINATED";
            } else if (flag == WorkerXml.XsdBoolean.FALSE || active == WorkerXml.XsdBoolean.TRUE) {
                state = "ACTIVE";
            } else {
                unreadable = "Worker_Status_Data: neither Terminated nor Active says whether the worker is employed";
            }
            hired = day(WorkdayDom.text(status, "Hire_Date"));
            terminated = day(WorkdayDom.text(status, "Termination_Date"));
        }
        Element position = primaryPosition(data);
        return new Worker(
                employeeId,
                name(data, "First_Name"),
                name(data, "Last_Name"),
                email(data),
                site(position),
                lineOrganizationType == null ? null : line(data, lineOrganizationType),
                manager(employeeId, data, position, byWid),
                state,
                hired,
                terminated,
                position == null
                        ? null
                        : Optional.ofNullable(WorkdayDom.text(position, "Business_Title"))
                                .orElse(WorkdayDom.text(position, "Position_Title")),
                null,
                unreadable);
    }

    private static @Nullable LocalDate day(@Nullable String text) {
        return text == null ? null : WorkerXml.day(text).map(LocalDate::parse).orElse(null);
    }

    /** The position of the primary job ({@code Worker_Job_Data/@Primary_Job}), else the first. */
    private static @Nullable Element primaryPosition(@Nullable Element data) {
        Element employment = WorkdayDom.child(data, "Employment_Data");
        if (employment == null) {
            return null;
        }
        List<Element> jobs = WorkdayDom.children(employment, "Worker_Job_Data");
        for (Element job : jobs) {
            if (WorkerXml.XsdBoolean.of(WorkdayDom.attribute(job, "Primary_Job")) == WorkerXml.XsdBoolean.TRUE) {
                return WorkdayDom.child(job, "Position_Data");
            }
        }
        return jobs.isEmpty() ? null : WorkdayDom.child(jobs.getFirst(), "Position_Data");
    }

    private static @Nullable String name(@Nullable Element data, String part) {
        Element names = WorkdayDom.path(data, "Personal_Data", "Name_Data");
        String preferred = WorkdayDom.text(names, "Preferred_Name_Data", "Name_Detail_Data", part);
        return preferred != null ? preferred : WorkdayDom.text(names, "Legal_Name_Data", "Name_Detail_Data", part);
    }

    private static @Nullable String email(@Nullable Element data) {
        Element contact = WorkdayDom.path(data, "Personal_Data", "Contact_Data");
        if (contact == null) {
            return null;
        }
        for (Element address : WorkdayDom.children(contact, "Email_Address_Data")) {
            String email = WorkdayDom.text(address, "Email_Address");
            if (email != null) {
                return email;
            }
        }
        return null;
    }

    private static @Nullable String site(@Nullable Element position) {
        Element site = WorkdayDom.child(position, "Business_Site_Summary_Data");
        if (site == null) {
            return null;
        }
        String location = WorkdayDom.id(WorkdayDom.child(site, "Location_Reference"), "Location_ID");
        return location != null ? location : WorkdayDom.text(site, "Name");
    }

    private static @Nullable String line(@Nullable Element data, String organizationType) {
        Element organizations = WorkdayDom.child(data, "Organization_Data");
        if (organizations == null) {
            return null;
        }
        for (Element wrapper : WorkdayDom.children(organizations, "Worker_Organization_Data")) {
            Element org = WorkdayDom.child(wrapper, "Organization_Data");
            String type = WorkdayDom.id(WorkdayDom.child(org, "Organization_Type_Reference"), "Organization_Type_ID");
            if (org != null && organizationType.equals(type)) {
                String id = WorkdayDom.id(WorkdayDom.child(org, "Organization_Reference"), "Organization_Reference_ID");
                return id != null ? id : WorkdayDom.text(org, "Organization_Code");
            }
        }
        return null;
    }

    /**
     * The manager of the closest supervisory organisation (the chain's last level; a manager of their own organisation
     * reports to the level above), else the position's manager as of the last detected change.
     */
    private static @Nullable String manager(
            String employeeId, @Nullable Element data, @Nullable Element position, Map<String, String> byWid) {
        Element chain = WorkdayDom.path(data, "Management_Chain_Data", "Worker_Supervisory_Management_Chain_Data");
        if (chain != null) {
            List<Element> levels = WorkdayDom.children(chain, "Management_Chain_Data");
            for (int i = levels.size() - 1; i >= 0; i--) {
                for (Element reference : WorkdayDom.children(levels.get(i), "Manager_Reference")) {
                    String manager = resolve(reference, byWid);
                    if (manager != null && !manager.equals(employeeId)) {
                        return manager;
                    }
                }
            }
        }
        Element detected = WorkdayDom.child(position, "Manager_as_of_last_detected_manager_change_Reference");
        String manager = detected == null ? null : resolve(detected, byWid);
        return manager == null || manager.equals(employeeId) ? null : manager;
    }

    private static @Nullable String resolve(Element reference, Map<String, String> byWid) {
        String employeeId = WorkdayDom.id(reference, "Employee_ID");
        if (employeeId != null) {
            return employeeId;
        }
        String wid = WorkdayDom.id(reference, "WID");
        return wid == null ? null : byWid.get(wid);
    }

    @Override
    public String toString() {
        return "WorkdayDirectory[" + name + ", " + settings.baseUrl() + settings.soapPath() + "]";
    }
}
