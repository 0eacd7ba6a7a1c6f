package dev.plg.query;

/**
 * {@link TemplatedJsonTest} with every line still in the store's heads, which a scan reading
 * templated lines templates itself (the store's {@code HeadTemplates}): the same queries must
 * answer exactly as over the lines' bytes, including a head whose entries arrived out of time
 * order and whose last entries came after it was templated (those are read as bytes).
 */
class TemplatedJsonHeadTest extends TemplatedJsonTest {
    @Override
    boolean inHeads() {
        return true;
    }
}
