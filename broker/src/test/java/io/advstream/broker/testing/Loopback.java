package io.advstream.broker.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;

/** Checks that a server listens on 127.0.0.1 and on no other address of this machine. */
public final class Loopback {
  private Loopback() {}

  /**
   * @throws AssertionError when {@code port} refuses 127.0.0.1, or accepts a connection on any
   *     non-loopback IPv4 address of an interface that is up
   */
  public static void assertOnlyOnLoopback(int port, String what) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    } catch (IOException e) {
      throw new AssertionError(what + " does not listen on 127.0.0.1:" + port, e);
    }
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address.getAddress().length != 4) {
          continue;
        }
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, port), 1000);
        } catch (IOException refused) {
          continue; // the server listens on 127.0.0.1 only
        }
        throw new AssertionError(what + " on port " + port + " is reachable on " + address);
      }
    }
  }
}
