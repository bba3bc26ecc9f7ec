package org.kyso.pdf.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Test pictures: a blue handwritten-like signature and a red round seal, both on transparent backgrounds. */
public final class Images {
  private Images() {}

  public static byte[] signaturePng() {
    BufferedImage img = new BufferedImage(400, 160, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(20, 40, 170));
    g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new CubicCurve2D.Double(30, 120, 80, -20, 140, 180, 200, 60));
    g.draw(new CubicCurve2D.Double(200, 60, 240, 10, 280, 150, 330, 80));
    g.draw(new CubicCurve2D.Double(120, 130, 200, 110, 300, 120, 380, 100));
    g.dispose();
    return png(img);
  }

  public static byte[] sealPng() {
    BufferedImage img = new BufferedImage(400, 400, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(210, 20, 20, 230));
    g.setStroke(new BasicStroke(14));
    g.drawOval(10, 10, 380, 380);
    g.setStroke(new BasicStroke(5));
    g.drawOval(60, 60, 280, 280);
    int[] xs = new int[10];
    int[] ys = new int[10];
    for (int i = 0; i < 10; i++) {
      double r = i % 2 == 0 ? 80 : 32;
      double a = Math.PI / 2 + i * Math.PI / 5;
      xs[i] = (int) (200 + r * Math.cos(a));
      ys[i] = (int) (200 - r * Math.sin(a));
    }
    g.fillPolygon(xs, ys, 10);
    g.setFont(new Font(Font.SERIF, Font.BOLD, 30));
    g.drawString("UBND", 160, 320);
    g.dispose();
    return png(img);
  }

  /** An opaque PNG (no alpha channel). */
  public static byte[] opaquePng() {
    BufferedImage img = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 100, 50);
    g.setColor(Color.BLUE);
    g.drawLine(5, 40, 95, 10);
    g.dispose();
    return png(img);
  }

  /** A JPEG, which signatures refuse. */
  public static byte[] jpeg() {
    BufferedImage img = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
