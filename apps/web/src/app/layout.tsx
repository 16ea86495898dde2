import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Nav } from "../components/nav.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: "Switchyard",
  description: "Networking control plane for a fleet of Docker hosts",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <a href="/" className="brand">
            Switchyard
          </a>
          <Nav />
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
