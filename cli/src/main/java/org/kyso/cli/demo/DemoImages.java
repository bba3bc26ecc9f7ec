package org.kyso.cli.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Draws the demo's images: a blue handwritten-looking signature and a red round seal, both transparent PNGs, as
 * Decree 30 requires for the approval and issuance appearances. Shapes only, so that no system font is needed.
 */
public final class DemoImages {
  private DemoImages() {}

  /** A blue signature stroke on a transparent background, 360 × 150 px. */
  public static byte[] signature() throws IOException {
    BufferedImage img = new BufferedImage(360, 150, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(0x1A, 0x3C, 0xB4));
      g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(new CubicCurve2D.Float(20, 110, 60, -20, 90, 160, 130, 60));
      g.draw(new CubicCurve2D.Float(130, 60, 160, 0, 190, 140, 230, 70));
      g.draw(new CubicCurve2D.Float(230, 70, 260, 20, 300, 120, 340, 40));
      g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(new CubicCurve2D.Float(40, 128, 140, 112, 240, 132, 330, 106));
    } finally {
      g.dispose();
    }
    return png(img);
  }

  /** A red round seal (two rings and a star) on a transparent background, 300 × 300 px. */
  public static byte[] seal() throws IOException {
    BufferedImage img = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      Color red = new Color(0xD7, 0x1E, 0x1E, 230);
      g.setColor(red);
      g.setStroke(new BasicStroke(9f));
      g.draw(new Ellipse2D.Float(8, 8, 284, 284));
      g.setStroke(new BasicStroke(4f));
      g.draw(new Ellipse2D.Float(48, 48, 204, 204));
      // the ring between the circles carries small marks standing for the seal's lettering
      for (int i = 0; i < 36; i++) {
        double a = Math.toRadians(i * 10);
        int x = (int) (150 + Math.cos(a) * 118);
        int y = (int) (150 + Math.sin(a) * 118);
        g.fillRect(x - 4, y - 4, 8, 8);
      }
      Path2D star = new Path2D.Float();
      for (int i = 0; i < 10; i++) {
        double r = i % 2 == 0 ? 70 : 28;
        double a = Math.toRadians(-90 + i * 36);
        double x = 150 + Math.cos(a) * r;
        double y = 150 + Math.sin(a) * r;
        if (i == 0) {
          star.moveTo(x, y);
        } else {
          star.lineTo(x, y);
        }
      }
      star.closePath();
      g.fill(star);
    } finally {
      g.dispose();
    }
    return png(img);
  }

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
