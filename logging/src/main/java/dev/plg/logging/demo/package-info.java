/**
 * The demo service behind {@code plg demo} and {@code plg up}: realistic traffic (the seed's auth
 * flow, billing, api, worker, exceptions, error bursts) through PLG logging into
 * {@code ./data/logs/python-starter-kit.log}. Entry points: {@link dev.plg.logging.demo.DemoService},
 * {@link dev.plg.logging.demo.DemoOptions}.
 */
package dev.plg.logging.demo;
