// The sign-up form: garde's errors shown beside each field while typing, nothing refused.
import { test, expect } from '@playwright/test';
import { SignupPage } from './signup-page.mjs';

test('each field shows its error while typing, and keeps what was typed', async ({ page }) => {
  const signup = new SignupPage(page);
  await signup.open();
  await signup.type('Name', 'A');
  await expect(signup.error('name')).toHaveText('length is lower than 2');
  await expect(signup.field('Name')).toHaveValue('A');
  await signup.field('Name').pressSequentially('da');
  await expect(signup.error('name')).toBeEmpty();

  await signup.type('Email', 'ada');
  await expect(signup.error('email')).toHaveText('an email address looks like ada@example.com');
  await signup.field('Email').pressSequentially('@example.com');
  await expect(signup.error('email')).toBeEmpty();
  await expect(signup.submit).toBeDisabled();
});

test('the form is sent once every field is valid', async ({ page }) => {
  const signup = new SignupPage(page);
  await signup.open();
  await expect(signup.error('terms')).toHaveText('the terms must be accepted');
  await signup.type('Name', 'Ada');
  await signup.type('Email', 'ada@example.com');
  await signup.type('Password', 'short');
  await expect(signup.error('password')).toHaveText('length is lower than 8');
  await signup.field('Password').pressSequentially(' but longer');
  await signup.field('I accept the terms').check();
  await expect(signup.error('terms')).toBeEmpty();
  await expect(signup.submit).toBeEnabled();
  await signup.submit.click();
  await expect(signup.welcome).toHaveText('Welcome, Ada!');
});
