/**
 * Implementation details of the encoders (byte buffer, timestamps, typed context, caches). Not API:
 * may change in any release.
 */
package dev.plg.logging.internal;
