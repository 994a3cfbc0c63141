package org.bert4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bert4j.nn.Param;

/** Reads {@code fixtures/optim/optimizer_steps.json}, written by {@code reference/make_optimizer_fixtures.py}. */
final class OptimizerFixture {
    final JsonNode root;

    OptimizerFixture() {
        try (InputStream in = OptimizerFixture.class.getResourceAsStream("/fixtures/optim/optimizer_steps.json")) {
            if (in == null) throw new AssertionError("missing fixture /fixtures/optim/optimizer_steps.json");
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static float[] floats(JsonNode arr) {
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) arr.get(i).asDouble();
        return out;
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        root.get("shapes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Fresh parameters at their initial values. */
    List<Param> params() {
        List<Param> ps = new ArrayList<>();
        for (String n : names()) {
            JsonNode shape = root.get("shapes").get(n);
            int[] s = new int[shape.size()];
            for (int i = 0; i < s.length; i++) s[i] = shape.get(i).asInt();
            ps.add(new Param(n, s, floats(root.get("init").get(n))));
        }
        return ps;
    }

    /** Sets every parameter's gradient to the fixture's gradient for {@code step} (0-based). */
    void setGrads(List<Param> ps, int step) {
        JsonNode g = root.get("grads").get(step);
        for (Param p : ps) System.arraycopy(floats(g.get(p.name())), 0, p.grad(), 0, p.size());
    }

    double lr(int step) {
        return root.get("lrs").get(step).asDouble();
    }

    int steps() {
        return root.get("lrs").size();
    }

    double weightDecay() {
        return root.get("weight_decay").asDouble();
    }

    List<String> exclusion() {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = root.get("exclude_from_weight_decay").elements(); it.hasNext(); ) out.add(it.next().asText());
        return out;
    }

    float[] expected(String optimizer, int step, String name) {
        return floats(root.get("expected").get(optimizer).get(step).get(name));
    }
}
