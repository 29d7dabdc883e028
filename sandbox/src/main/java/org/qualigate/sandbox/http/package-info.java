/** The request and answer the quality simulators exchange with the sandbox's HTTP server, free of the JDK server's types. */
@NullMarked
package org.qualigate.sandbox.http;

import org.jspecify.annotations.NullMarked;
