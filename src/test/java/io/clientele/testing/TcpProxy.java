package io.clientele.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a server on 127.0.0.1, which a test makes fail as a database
 * does: it passes bytes, freezes (holds every byte in both directions, sockets left open, new
 * connections accepted and held too), cuts (closes every connection and resets new ones at once)
 * and is restored.
 */
public final class TcpProxy implements AutoCloseable {
  /** What the proxy does with bytes and connections. */
  private enum State {
    PASS,
    FROZEN,
    CUT
  }

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile State state = State.PASS;
  private volatile boolean closed;

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    daemon(this::accept, "tcp-proxy-accept").start();
  }

  /** A proxy on a free port of 127.0.0.1 to {@code targetPort} on 127.0.0.1. */
  public static TcpProxy to(int targetPort) throws IOException {
    return new TcpProxy(targetPort);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Holds every byte from now on, both ways, keeping every connection open. */
  public void freeze() {
    state = State.FROZEN;
  }

  /** Closes every connection and resets every new one until restored. */
  public void cut() {
    synchronized (gate) {
      state = State.CUT;
      gate.notifyAll();
    }
    sockets.forEach(TcpProxy::reset);
  }

  /** Passes bytes again, the held ones first. */
  public void restore() {
    synchronized (gate) {
      state = State.PASS;
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (state == State.CUT) {
        reset(client);
        continue;
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        daemon(() -> pump(client, server), "tcp-proxy-up").start();
        daemon(() -> pump(server, client), "tcp-proxy-down").start();
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  /** Copies {@code from} to {@code to}, each chunk waiting while frozen, until either closes. */
  private void pump(Socket from, Socket to) {
    byte[] chunk = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
        if (!awaitPassing()) {
          break;
        }
        out.write(chunk, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // a cut or a closed peer ends the copy
    } finally {
      reset(from);
      reset(to);
    }
  }

  /** Waits while frozen; answers whether bytes may pass (false once cut or closed). */
  private boolean awaitPassing() {
    synchronized (gate) {
      while (state == State.FROZEN && !closed) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return state == State.PASS && !closed;
    }
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    restore();
    sockets.forEach(TcpProxy::reset);
  }

  /** The address the proxy listens on, for a test's logs. */
  @Override
  public String toString() {
    return new InetSocketAddress(listener.getInetAddress(), port()).toString();
  }
}
