import { redirect } from "next/navigation";
import { currentPrincipal } from "../../server/session.ts";
import { SignInForm } from "./sign-in-form.tsx";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next = "/" } = await searchParams;
  if (await currentPrincipal()) redirect("/");
  return (
    <section aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <SignInForm next={next} />
    </section>
  );
}
