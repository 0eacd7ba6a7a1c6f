package dev.plg.ui.provisioning;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static java.util.Objects.requireNonNull;

/**
 * A provisioned dashboard in Grafana's classic JSON model.
 *
 * @param uid    dashboard uid ({@code metadata.name} for the Grafana 12 resource form)
 * @param title  dashboard title
 * @param folder folder title from the provider ({@code ""} = General)
 * @param source file it was read from
 * @param model  the classic model (resource envelope already unwrapped); callers must not modify it
 */
public record Dashboard(String uid, String title, String folder, Path source, ObjectNode model) {
    public Dashboard {
        requireNonNull(uid, "uid is null");
        requireNonNull(title, "title is null");
        requireNonNull(folder, "folder is null");
        requireNonNull(source, "source is null");
        requireNonNull(model, "model is null");
    }
}
