/*
 * A test-only PKCS#11 library that forwards every call to a real library (a private copy of SoftHSM) and adds
 * the behaviour of a real USB token that SoftHSM lacks:
 *   - LOCK_AFTER > 0: after that many consecutive CKR_PIN_INCORRECT, C_Login returns CKR_PIN_LOCKED and
 *     C_GetTokenInfo reports CKF_USER_PIN_LOCKED (SoftHSM never locks a user PIN);
 *   - HIDE_MECH != ~0: that mechanism is missing from C_GetMechanismList and refused by C_SignInit;
 *   - REMOVE_AFTER > 0: the token is pulled out after that many signatures: C_SignInit answers
 *     CKR_DEVICE_REMOVED, and C_OpenSession, C_Login and C_GetTokenInfo CKR_TOKEN_NOT_PRESENT from then on.
 * Compiled by the tests with gcc: -DREAL_LIB="..." -DLOCK_AFTER=n -DHIDE_MECH=0x... -DREMOVE_AFTER=n
 * Only the PKCS#11 v2.40 function-list layout is used; no headers needed.
 */
#include <dlfcn.h>
#include <string.h>

typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef struct { unsigned char major, minor; } CK_VERSION;
typedef struct { CK_VERSION version; void *fn[68]; } FUNCTION_LIST;
typedef struct { CK_ULONG mechanism; void *parameter; CK_ULONG parameterLen; } MECHANISM;

#define IDX_GET_TOKEN_INFO 6
#define IDX_GET_MECHANISM_LIST 7
#define IDX_OPEN_SESSION 12
#define IDX_LOGIN 18
#define IDX_SIGN_INIT 42
#define CKR_OK 0UL
#define CKR_MECHANISM_INVALID 0x70UL
#define CKR_DEVICE_REMOVED 0x32UL
#define CKR_TOKEN_NOT_PRESENT 0xE0UL
#define CKR_PIN_INCORRECT 0xA0UL
#define CKR_PIN_LOCKED 0xA4UL
#define CKF_USER_PIN_COUNT_LOW 0x10000UL
#define CKF_USER_PIN_FINAL_TRY 0x20000UL
#define CKF_USER_PIN_LOCKED 0x40000UL
#define TOKEN_INFO_FLAGS_OFFSET 96

#ifndef LOCK_AFTER
#define LOCK_AFTER 0
#endif
#ifndef REMOVE_AFTER
#define REMOVE_AFTER 0
#endif
#ifndef HIDE_MECH
#define HIDE_MECH (~0UL)
#endif

static FUNCTION_LIST shim;
static FUNCTION_LIST *real;
static int failures;
static long signatures;

static int removed(void) {
  return REMOVE_AFTER > 0 && __atomic_load_n(&signatures, __ATOMIC_SEQ_CST) >= REMOVE_AFTER;
}

static CK_RV shim_open_session(CK_ULONG slot, CK_ULONG flags, void *app, void *notify, CK_ULONG *session) {
  if (removed()) {
    return CKR_TOKEN_NOT_PRESENT;
  }
  return ((CK_RV (*)(CK_ULONG, CK_ULONG, void *, void *, CK_ULONG *)) real->fn[IDX_OPEN_SESSION])(slot, flags, app,
      notify, session);
}

static CK_RV shim_login(CK_ULONG session, CK_ULONG user, unsigned char *pin, CK_ULONG len) {
  if (removed()) {
    return CKR_TOKEN_NOT_PRESENT;
  }
  if (LOCK_AFTER > 0 && failures >= LOCK_AFTER) {
    return CKR_PIN_LOCKED;
  }
  CK_RV rv = ((CK_RV (*)(CK_ULONG, CK_ULONG, unsigned char *, CK_ULONG)) real->fn[IDX_LOGIN])(session, user, pin, len);
  if (rv == CKR_PIN_INCORRECT) {
    failures++;
  } else if (rv == CKR_OK) {
    failures = 0;
  }
  return rv;
}

static CK_RV shim_token_info(CK_ULONG slot, unsigned char *info) {
  if (removed()) {
    return CKR_TOKEN_NOT_PRESENT;
  }
  CK_RV rv = ((CK_RV (*)(CK_ULONG, unsigned char *)) real->fn[IDX_GET_TOKEN_INFO])(slot, info);
  if (rv == CKR_OK && LOCK_AFTER > 0 && failures > 0) {
    CK_ULONG *flags = (CK_ULONG *) (info + TOKEN_INFO_FLAGS_OFFSET);
    *flags |= CKF_USER_PIN_COUNT_LOW;
    if (failures == LOCK_AFTER - 1) {
      *flags |= CKF_USER_PIN_FINAL_TRY;
    }
    if (failures >= LOCK_AFTER) {
      *flags |= CKF_USER_PIN_LOCKED;
    }
  }
  return rv;
}

static CK_RV shim_mechanism_list(CK_ULONG slot, CK_ULONG *list, CK_ULONG *count) {
  CK_RV rv = ((CK_RV (*)(CK_ULONG, CK_ULONG *, CK_ULONG *)) real->fn[IDX_GET_MECHANISM_LIST])(slot, list, count);
  if (rv == CKR_OK && list != 0 && HIDE_MECH != (~0UL)) {
    CK_ULONG j = 0;
    for (CK_ULONG i = 0; i < *count; i++) {
      if (list[i] != HIDE_MECH) {
        list[j++] = list[i];
      }
    }
    *count = j;
  }
  return rv;
}

static CK_RV shim_sign_init(CK_ULONG session, MECHANISM *mechanism, CK_ULONG key) {
  if (mechanism != 0 && mechanism->mechanism == HIDE_MECH) {
    return CKR_MECHANISM_INVALID;
  }
  if (REMOVE_AFTER > 0 && __atomic_fetch_add(&signatures, 1, __ATOMIC_SEQ_CST) >= REMOVE_AFTER) {
    return CKR_DEVICE_REMOVED;
  }
  return ((CK_RV (*)(CK_ULONG, MECHANISM *, CK_ULONG)) real->fn[IDX_SIGN_INIT])(session, mechanism, key);
}

CK_RV C_GetFunctionList(FUNCTION_LIST **out) {
  if (real == 0) {
    void *lib = dlopen(REAL_LIB, RTLD_NOW | RTLD_LOCAL);
    if (lib == 0) {
      return 5; /* CKR_GENERAL_ERROR */
    }
    CK_RV (*get)(FUNCTION_LIST **) = (CK_RV (*)(FUNCTION_LIST **)) dlsym(lib, "C_GetFunctionList");
    if (get == 0 || get(&real) != CKR_OK) {
      return 5;
    }
    memcpy(&shim, real, sizeof shim);
    shim.fn[IDX_LOGIN] = (void *) shim_login;
    shim.fn[IDX_OPEN_SESSION] = (void *) shim_open_session;
    shim.fn[IDX_GET_TOKEN_INFO] = (void *) shim_token_info;
    shim.fn[IDX_GET_MECHANISM_LIST] = (void *) shim_mechanism_list;
    shim.fn[IDX_SIGN_INIT] = (void *) shim_sign_init;
    shim.fn[3] = (void *) C_GetFunctionList;
  }
  *out = &shim;
  return CKR_OK;
}
