/**
 * The local HTTP API of {@code CONTRACT.md}: resources and routes, the API token, problem+json errors, and
 * the checks of bad input before anything is stored. The top of the house: it uses every feature package,
 * and none uses it.
 */
package io.outpost.api;
