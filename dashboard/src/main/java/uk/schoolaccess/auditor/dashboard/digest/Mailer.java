package uk.schoolaccess.auditor.dashboard.digest;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** Sends a digest over SMTP (Jakarta Mail): a multipart/alternative message, plain text and HTML. */
public class Mailer {

    private final DigestSettings.Smtp smtp;

    public Mailer(DigestSettings.Smtp smtp) {
        this.smtp = smtp;
    }

    public void send(Digest d) throws MessagingException {
        if (!smtp.configured()) {
            throw new MessagingException("no smtp.host in the config");
        }
        if (d.to().isEmpty()) {
            throw new MessagingException("no recipients for the " + d.kind() + " digest in the config");
        }
        String protocol = smtp.security().equals("tls") ? "smtps" : "smtp";
        Properties p = new Properties();
        String pre = "mail." + protocol + ".";
        p.put(pre + "host", smtp.host());
        p.put(pre + "port", String.valueOf(smtp.port()));
        String timeout = String.valueOf(smtp.timeoutSeconds() * 1000L);
        p.put(pre + "connectiontimeout", timeout);
        p.put(pre + "timeout", timeout);
        p.put(pre + "writetimeout", timeout);
        if (smtp.security().equals("starttls")) {
            p.put(pre + "starttls.enable", "true");
            p.put(pre + "starttls.required", "true");
        }
        if (!smtp.security().equals("none")) {
            p.put(pre + "ssl.checkserveridentity", "true");
        }
        p.put(pre + "auth", String.valueOf(smtp.user() != null));
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(smtp.from()));
        for (String to : d.to()) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        m.setSubject(d.subject(), StandardCharsets.UTF_8.name());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(d.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(d.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        m.setContent(alternative);
        m.saveChanges();
        try (Transport t = session.getTransport(protocol)) {
            t.connect(smtp.host(), smtp.port(), smtp.user(), smtp.user() == null ? null : smtp.password());
            t.sendMessage(m, m.getAllRecipients());
        }
    }
}
